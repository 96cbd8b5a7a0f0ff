// JSON over the agent API with the session cookie; errors carry the HTTP status, the API's message
// and, on a 400, the field at fault and every issue.
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(data?.error?.message || response.statusText), { status: response.status, code: data?.error?.code, field: data?.error?.field, issues: data?.issues ?? [] });
  return data;
}
