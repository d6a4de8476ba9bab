/**
 * A tiny SMTP server for the browser run: it accepts every mail the API sends (no TLS, no
 * authentication), keeps it in memory and lets a journey wait for one. Enough of RFC 5321
 * for one client: a 220 greeting; EHLO/HELO, MAIL, RCPT, RSET and NOOP answered 250; DATA
 * answered 354 and read up to the line holding a single dot (dot-stuffing undone), then 250;
 * QUIT answered 221. Anything else is a 502.
 *
 * Mails are parsed as far as a journey needs: headers, MIME parts (multipart, nested), and
 * each leaf's body decoded from quoted-printable or base64 into UTF-8 text.
 */
import { createServer } from 'node:net';

/** Starts the sink on 127.0.0.1:`port` (0: any free port). */
export async function startSmtpSink(port = 0) {
  /** @type {{ from: string, to: string[], raw: string, at: number }[]} */
  const mails = [];
  const listeners = new Set();
  const sockets = new Set();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // Bytes as they came (latin1 keeps each byte one character); text is decoded per part.
    socket.setEncoding('latin1');
    let buffer = '';
    let inData = false;
    let envelope = { from: '', to: [] };
    const reply = (line) => socket.write(`${line}\r\n`);

    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          // The data ends with a line of a single dot; it may also be the very first line.
          const end = buffer.startsWith('.\r\n') ? 0 : buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = end === 0 ? '' : buffer.slice(0, end + 2);
          buffer = buffer.slice(end === 0 ? 3 : end + 5);
          inData = false;
          const raw = data.replace(/^\.\./gm, '.');
          mails.push({ ...envelope, raw, at: Date.now() });
          envelope = { from: '', to: [] };
          reply('250 2.0.0 queued');
          for (const listener of listeners) listener();
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          reply('250-gmd-e2e-sink');
          reply('250 SIZE 10485760');
        } else if (verb === 'HELO' || verb === 'NOOP') {
          reply('250 OK');
        } else if (verb === 'RSET') {
          envelope = { from: '', to: [] };
          reply('250 OK');
        } else if (verb === 'MAIL') {
          envelope = { from: address(line), to: [] };
          reply('250 2.1.0 OK');
        } else if (verb === 'RCPT') {
          envelope.to.push(address(line));
          reply('250 2.1.5 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
          return;
        } else {
          reply('502 5.5.2 command not implemented');
        }
      }
    });
    reply('220 gmd-e2e-sink ESMTP');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });

  return {
    port: server.address().port,
    mails,
    /**
     * The first mail (received already or later) for which `test(parsed)` is true, parsed;
     * fails after `timeout` ms, naming `what` and the mails received.
     */
    async waitFor(test, what, timeout = 15_000) {
      const find = () => mails.map(parseMail).find(test);
      const found = find();
      if (found) return found;
      return new Promise((resolve, reject) => {
        const listener = () => {
          const mail = find();
          if (!mail) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          const seen = mails.map((m) => `${m.to.join(',')}: ${header(m.raw, 'subject')}`).join('; ');
          reject(new Error(`no mail ${what} arrived at the SMTP sink within ${timeout} ms (received: ${seen || 'none'})`));
        }, timeout);
        listeners.add(listener);
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  };
}

/** The address of `MAIL FROM:<a@b> …` or `RCPT TO:<a@b>`, lowercased. */
function address(line) {
  const match = /<([^>]*)>/.exec(line) ?? /:\s*(\S+)/.exec(line);
  return (match?.[1] ?? '').toLowerCase();
}

/** Splits a message (or a MIME part) into its unfolded headers and its body. */
function split(raw) {
  const at = raw.indexOf('\r\n\r\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function header(raw, name) {
  return split(raw).headers[name] ?? '';
}

/** `=XX` escapes and soft line breaks (`=` at a line's end) undone, as bytes. */
export function decodeQuotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** A leaf part's body as text: its transfer encoding undone, its bytes read as UTF-8. */
function decodeBody(body, encoding) {
  const kind = (encoding ?? '').toLowerCase();
  if (kind === 'quoted-printable') return decodeQuotedPrintable(body).toString('utf8');
  if (kind === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return Buffer.from(body, 'latin1').toString('utf8');
}

/** The leaf parts of a MIME entity, depth first: `{ type, text }`. */
function leaves(raw) {
  const { headers, body } = split(raw);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    return parts
      .filter((part) => !part.startsWith('--'))
      .flatMap((part) => leaves(part.replace(/^\r\n/, '')));
  }
  return [{ type: type.split(';')[0].trim().toLowerCase(), text: decodeBody(body, headers['content-transfer-encoding']) }];
}

/** A received mail as a journey reads it: envelope, headers, the plain-text and HTML parts. */
export function parseMail(mail) {
  const { headers } = split(mail.raw);
  const parts = leaves(mail.raw);
  return {
    from: mail.from,
    to: mail.to,
    headers,
    text: parts.find((part) => part.type === 'text/plain')?.text ?? '',
    html: parts.find((part) => part.type === 'text/html')?.text ?? '',
  };
}

/** The first link to `path` that carries a `#token=` in `text`, or null. */
export function linkIn(text, path) {
  const match = new RegExp(`https?://[^\\s<>"]+/${path}#token=[A-Za-z0-9_-]+`).exec(text);
  return match ? match[0] : null;
}
