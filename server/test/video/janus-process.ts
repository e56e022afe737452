/**
 * Starts a private Janus (Debian package `janus`, /usr/bin/janus) for a test
 * or a benchmark: a generated configuration in a temp directory, the
 * WebSocket API on 127.0.0.1 only, free ports, only the VideoRoom plugin and
 * the WebSocket transport, no STUN. Janus (libnice) never gathers loopback
 * candidates, so its media is enforced onto ONE local IPv4 address of this
 * machine (`janusIceAddress()`: the first non-internal one, or JANUS_ICE_ADDRESS)
 * and the test peers bind there too; nothing leaves the machine. `.ci/run` installs the package when it is missing; without it
 * this fails with a clear message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';

export const JANUS_BIN = process.env.JANUS_BIN ?? '/usr/bin/janus';
const LIB = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus'].find((d) =>
  existsSync(d),
);

/** The local IPv4 address Janus' media uses (libnice ignores loopback). */
export function janusIceAddress(): string {
  if (process.env.JANUS_ICE_ADDRESS) return process.env.JANUS_ICE_ADDRESS;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new Error('Janus needs a non-loopback IPv4 address on this machine for its media (set JANUS_ICE_ADDRESS).');
}

export interface JanusProcess {
  url: string;
  /** Where Janus' media is: bind the test peers' media here. */
  iceAddress: string;
  process: ChildProcess;
  /** The last lines Janus printed (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

export async function startJanus(options: { rtpPorts?: [number, number] } = {}): Promise<JanusProcess> {
  if (!existsSync(JANUS_BIN) || !LIB) {
    throw new Error(
      `Janus is not installed (${JANUS_BIN}). Install the Debian package: apt-get install -y janus (.ci/run does this).`,
    );
  }
  const iceAddress = janusIceAddress();
  const dir = await mkdtemp(path.join(tmpdir(), 'ingang-janus-'));
  const port = await freePort();
  const [rtpMin, rtpMax] = options.rtpPorts ?? [30000 + (port % 200) * 100, 30000 + (port % 200) * 100 + 99];
  await writeFile(
    path.join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${LIB}/plugins"
  transports_folder = "${LIB}/transports"
  events_folder = "${LIB}/events"
  loggers_folder = "${LIB}/loggers"
  debug_level = 3
  admin_secret = "${Math.random().toString(36).slice(2)}"
  protected_folders = []
}
certificates: {}
media: {
  ipv6 = false
  rtp_port_range = "${rtpMin}-${rtpMax}"
}
nat: {
  ice_enforce_list = "${iceAddress}"
  ignore_mdns = true
}
plugins: {
  disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
}
transports: {
  disable = "libjanus_http.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
}
events: { broadcast = false }
loggers: { disable = "libjanus_jsonlog.so" }
`,
  );
  await writeFile(
    path.join(dir, 'janus.transport.websockets.jcfg'),
    `general: {
  json = "compact"
  ws = true
  ws_port = ${port}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: { admin_ws = false admin_wss = false }
`,
  );
  await writeFile(path.join(dir, 'janus.plugin.videoroom.jcfg'), 'general: {\n  string_ids = false\n}\n');

  const child = spawn(JANUS_BIN, ['-C', path.join(dir, 'janus.jcfg'), '-F', dir, '-o'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 20_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Janus did not start (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `ws://127.0.0.1:${port}`, iceAddress, process: child, log: () => output, stop };
}
