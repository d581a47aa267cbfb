import { SMTPServer } from 'smtp-server';

// A local SMTP sink in its own process (so it does not share the service's event loop): accepts
// every message, counts them, and reports the count on stdout each time it is asked (stdin line).
let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.server.address() as { port: number }).port}\n`));
process.stdin.on('data', () => process.stdout.write(`COUNT ${received}\n`));
