// @vitest-environment jsdom
import { useQuery } from '@tanstack/react-query';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, expect, test } from 'vitest';
import { useApi } from '../api/context';
import { unwrap } from '../api/problem';
import { Layout } from '../components/Layout';
import { jsonResponse, renderWithApp } from '../test/render';
import { Security } from './Security';

afterEach(cleanup);

const ORGANIZER = { id: 2, email: 'organizer@gmd.example', display_name: 'Demo Organizer', role: 'organizer' };
/** An SVG that would run a script and draw a marker if it were ever put into the page as markup. */
const HOSTILE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="window.pwned=1"><script>window.pwned=1</script><rect id="qr-marker" width="10" height="10"/></svg>';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const CODES = ['k7m2p-x9q4r', 'b3n8t-w2e6y', 'c4d5e-f6g7h', 'j8k9m-n2p3q', 'r4s5t-u6v7w', 'x8y9z-a2b3c', 'd4e5f-g6h7j', 'k8m9n-p2q3r', 's4t5u-v6w7x', 'y8z9a-b2c3d'];

const problem = (status: number, detail: string, type = '/problems/x') =>
  jsonResponse(status, { type, title: 'X', status, detail, instance: '/api/v1/auth/two-factor', request_id: 'r1' });

function server({ on = false } = {}) {
  let enabled = on;
  const sent: { path: string; method: string; body: unknown }[] = [];
  const handler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const text = request.method === 'GET' ? '' : await request.text();
    const body: unknown = text ? JSON.parse(text) : null;
    if (path === '/api/v1/auth/me') return jsonResponse(200, ORGANIZER);
    sent.push({ path, method: request.method, body });
    if (path === '/api/v1/auth/two-factor/setup') {
      if (enabled) return problem(409, 'two-factor sign-in is already on; turn it off first to change the app');
      return jsonResponse(200, { secret: SECRET, otpauth_url: `otpauth://totp/x?secret=${SECRET}`, qr_svg: HOSTILE_SVG });
    }
    if (path === '/api/v1/auth/two-factor/enable') {
      if ((body as { code: string }).code !== '123456') return problem(422, 'the code is wrong or expired');
      enabled = true;
      return jsonResponse(200, { recovery_codes: CODES });
    }
    if (path === '/api/v1/auth/two-factor' && request.method === 'DELETE') {
      if ((body as { code: string }).code !== CODES[0]) return problem(422, 'the code is wrong or already used');
      enabled = false;
      return new Response(null, { status: 204 });
    }
    return problem(404, path);
  };
  return { handler, sent };
}

test('the QR code is an <img> of the SVG, never markup put into the page; the key is there to type', async () => {
  const { handler } = server();
  const { container } = renderWithApp(<Security />, handler, '/account/security');
  fireEvent.click(await screen.findByRole('button', { name: 'Set up two-factor sign-in' }));
  const qr = await screen.findByRole('img', { name: 'QR code for the authenticator app' });
  expect(qr.tagName).toBe('IMG');
  const src = qr.getAttribute('src') ?? '';
  const prefix = 'data:image/svg+xml;utf8,';
  expect(src.startsWith(prefix)).toBe(true);
  expect(decodeURIComponent(src.slice(prefix.length))).toBe(HOSTILE_SVG);
  // Nothing of the SVG is in the document as elements.
  expect(container.querySelector('svg')).toBeNull();
  expect(container.querySelector('script')).toBeNull();
  expect(container.querySelector('#qr-marker')).toBeNull();
  expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeTruthy();
});

test('enrolment: a wrong code said at the field, the right one shows the ten recovery codes once', async () => {
  const { handler, sent } = server();
  renderWithApp(<Security />, handler, '/account/security');
  fireEvent.click(await screen.findByRole('button', { name: 'Set up two-factor sign-in' }));
  const code = await screen.findByLabelText('Code from the app');
  fireEvent.change(code, { target: { value: '000000' } });
  fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
  await screen.findByText(/The code is wrong or expired/);

  fireEvent.change(screen.getByLabelText('Code from the app'), { target: { value: '123 456' } });
  fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
  const panel = await screen.findByRole('region', { name: 'Your recovery codes' });
  expect(within(panel).getAllByRole('listitem').map((li) => li.textContent)).toEqual(CODES);
  expect(within(panel).getByRole('button', { name: 'Download as .txt' })).toBeTruthy();
  expect(sent.filter((s) => s.path.endsWith('/enable')).map((s) => s.body)).toEqual([{ code: '000000' }, { code: '123456' }]);

  fireEvent.click(within(panel).getByRole('button', { name: 'I have stored them' }));
  expect(screen.queryByText('k7m2p-x9q4r')).toBeNull();
  expect(screen.getByText(/Two-factor sign-in is on/)).toBeTruthy();
  expect(screen.getByRole('form', { name: 'Turn it off' })).toBeTruthy();
  expect(screen.queryByRole('button', { name: 'Set up two-factor sign-in' })).toBeNull();
});

test('already on: setting up says so; turned off with a recovery code', async () => {
  const { handler, sent } = server({ on: true });
  renderWithApp(<Security />, handler, '/account/security');
  fireEvent.click(await screen.findByRole('button', { name: 'Set up two-factor sign-in' }));
  await screen.findByText(/already on for your account/);
  const form = screen.getByRole('form', { name: 'Turn it off' });
  fireEvent.change(within(form).getByLabelText('Code from the app, or a recovery code'), { target: { value: 'nope' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Turn off two-factor sign-in' }));
  await screen.findByText('The code is wrong or was already used.');
  fireEvent.change(within(form).getByLabelText('Code from the app, or a recovery code'), { target: { value: CODES[0] } });
  fireEvent.click(within(form).getByRole('button', { name: 'Turn off two-factor sign-in' }));
  await screen.findByText('Two-factor sign-in is off: you sign in with your password alone.');
  expect(screen.getByRole('button', { name: 'Set up two-factor sign-in' })).toBeTruthy();
  expect(sent.filter((s) => s.method === 'DELETE').map((s) => s.body)).toEqual([{ code: 'nope' }, { code: CODES[0] }]);
});

/** A back-office page whose read the API refuses until two-factor sign-in is set up. */
function Probe() {
  const api = useApi();
  const list = useQuery({ queryKey: ['probe'], queryFn: async () => unwrap(await api.GET('/api/v1/users')) });
  return <p>{list.isError ? 'refused' : 'probe'}</p>;
}

test('a 403 second-factor-setup-required from any call sends staff to set it up, with the reason', async () => {
  const handler = (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return Promise.resolve(jsonResponse(200, ORGANIZER));
    return Promise.resolve(problem(403, 'turn on two-factor sign-in first', '/problems/second-factor-setup-required'));
  };
  renderWithApp(
    <Routes>
      <Route element={<Layout />}>
        <Route path="admin/users" element={<Probe />} />
        <Route path="account/security" element={<Security />} />
      </Route>
    </Routes>,
    handler,
    '/admin/users',
  );
  await screen.findByRole('heading', { level: 1, name: 'Two-factor sign-in' });
  expect(screen.getByText(/An administrator requires two-factor sign-in/)).toBeTruthy();
  // It is known to be off: only setting up is offered.
  expect(screen.getByRole('button', { name: 'Set up two-factor sign-in' })).toBeTruthy();
  expect(screen.queryByRole('form', { name: 'Turn it off' })).toBeNull();
});
