/** janode ships no types: the small part the Janus router uses. */
declare module 'janode' {
  interface JanodeHandle {
    // biome-ignore lint/suspicious/noExplicitAny: janode's API is untyped JSON.
    [method: string]: any;
    detach(): Promise<void>;
    trickle(candidate: unknown): Promise<void>;
    trickleComplete(): Promise<void>;
  }
  interface JanodeSession {
    attach(plugin: unknown): Promise<JanodeHandle>;
    destroy(): Promise<void>;
    once(event: string, fn: (...args: unknown[]) => void): void;
  }
  interface JanodeConnection {
    create(): Promise<JanodeSession>;
    close(): Promise<void>;
    once(event: string, fn: (...args: unknown[]) => void): void;
  }
  const Janode: {
    connect(config: {
      address: { url: string } | { url: string }[];
      retry_time_secs?: number;
      max_retries?: number;
    }): Promise<JanodeConnection>;
    EVENT: Record<string, string>;
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): string };
  };
  export default Janode;
  export type { JanodeConnection, JanodeHandle, JanodeSession };
}
declare module 'janode/plugins/videoroom' {
  const VideoRoomPlugin: unknown;
  export default VideoRoomPlugin;
}
