"""A real SMTP server on a thread, keeping what it receives: enough of RFC 5321 for Django's
SMTP backend (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), no TLS, no authentication."""

from __future__ import annotations

import email
import socketserver
import threading
from dataclasses import dataclass, field
from email.message import Message


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: Message


@dataclass
class SmtpSink:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        sink: SmtpSink = self.server.sink
        sender, recipients = "", []
        self.reply("220 sink ESMTP")
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if line in (b".\r\n", b".\n", b""):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = email.message_from_bytes(b"".join(lines))
                sink.received.append(Received(sender, list(recipients), message))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def start_sink() -> tuple[SmtpSink, _Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.sink = SmtpSink(*server.server_address)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.sink, server
