/**
 * File upload with progress (fetch cannot report upload progress; XMLHttpRequest
 * can). Same rules as the API client: same-origin cookies, the CSRF header,
 * and failures as `ApiError` with the server's code, message and fields.
 */
import { csrfToken } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { meKey, queryClient } from '../../api/query-client.js';

export interface UploadOptions {
  /** Form field name of the file in the multipart body. */
  field?: string;
  /** Other form fields sent before the file. */
  fields?: Record<string, string>;
  /** 0–1 as the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

function toApiError(xhr: XMLHttpRequest): ApiError {
  try {
    const json = JSON.parse(xhr.responseText) as {
      error?: { code?: string; message?: string; fields?: Record<string, string>; [k: string]: unknown };
    };
    const { code, message, fields: named, ...details } = json.error ?? {};
    const fields: Record<string, string> = {};
    for (const [name, text] of Object.entries(named ?? {}))
      fields[name.replace(/^(body|querystring|params)\./, '')] = text;
    return new ApiError(xhr.status, code ?? 'unknown', message ?? xhr.statusText, fields, details);
  } catch {
    return new ApiError(xhr.status, 'unknown', xhr.statusText || `HTTP ${xhr.status}`);
  }
}

/** POSTs `file` as multipart/form-data to `path`; resolves with the parsed JSON answer. */
export function uploadFile<T>(path: string, file: File, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    form.append(options.field ?? 'file', file, file.name);
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : null) as T);
        } catch {
          reject(new ApiError(xhr.status, 'unknown', 'Bad response'));
        }
        return;
      }
      if (xhr.status === 401) queryClient.setQueryData(meKey, null);
      reject(toApiError(xhr));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'No connection to the server.'));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
