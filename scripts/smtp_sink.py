"""A local SMTP server that keeps what it accepts, for the mail drill and the soak (no mail leaves the
machine). Enough of RFC 5321 for Django's SMTP backend without TLS: EHLO/HELO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT. A message counts as delivered only once the sink has answered "250" to its end of
data, as with a real server.

`stall()` makes it hold every message at that point without answering, as a slow or hung mail server
does: the sender is then stuck mid-send, which is when the drill kills it; `release()` lets held
and later messages through (a message whose sender died while held is dropped, never delivered).
"""

import email
import socket
import socketserver
import threading
from email.header import decode_header, make_header


def _peer_gone(connection: socket.socket) -> bool:
    """Whether the other end has closed (a sender waiting for our answer sends nothing meanwhile)."""
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


class SmtpSink:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        sink = self
        self.messages: list[email.message.Message] = []
        self.held = threading.Event()  # a sender is waiting for its "250" right now
        self.held_sender_port = 0  # the local port of the last sender held (to find its process)
        self._open = threading.Event()
        self._open.set()
        self._lock = threading.Lock()

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                sink._converse(self.connection, self.rfile, self.wfile)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server((host, port), Handler)
        self.host, self.port = self.server.server_address[:2]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._open.set()
        self.server.shutdown()
        self.server.server_close()

    def stall(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def subjects(self) -> list[str]:
        with self._lock:
            return [str(make_header(decode_header(m["Subject"] or ""))) for m in self.messages]

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def _converse(self, connection, rfile, wfile) -> None:
        def reply(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        reply("220 sink ESMTP")
        while True:
            line = rfile.readline()
            if not line:
                return
            verb = line.decode("latin-1").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                reply("250-sink")
                reply("250 8BITMIME")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                reply("250 OK")
            elif verb == "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data(rfile)
                if data is None:
                    return
                if not self._open.is_set():
                    self.held_sender_port = connection.getpeername()[1]
                    self.held.set()
                    self._open.wait()
                    self.held.clear()
                    if _peer_gone(connection):
                        return  # the sender died while held: it never heard "250", the message is not delivered
                reply("250 OK queued")
                with self._lock:
                    self.messages.append(email.message_from_bytes(data))
            elif verb == "QUIT":
                reply("221 Bye")
                return
            else:
                reply("502 Command not implemented")

    @staticmethod
    def _read_data(rfile) -> bytes | None:
        lines = []
        while True:
            line = rfile.readline()
            if not line:
                return None
            if line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)
