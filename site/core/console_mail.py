"""Mail printed to the console (development, no EMAIL_HOST) the way a person reads it: headers
decoded (Django's console backend prints the raw message, so a Chinese subject shows as
`=?utf-8?b?…?=` and the body as base64), then the text body, then what else the message carries."""

from email.header import decode_header, make_header

from django.core.mail.backends.console import EmailBackend

SHOWN_HEADERS = ("Subject", "From", "To", "Cc", "Reply-To", "Date")


def _readable(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except (UnicodeDecodeError, LookupError, ValueError):  # a header that is not valid RFC 2047
        return value


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        mime = message.message()
        lines = [f"{name}: {_readable(mime[name])}" for name in SHOWN_HEADERS if mime[name]]
        lines += ["", message.body.rstrip("\n")]
        for content, mimetype in getattr(message, "alternatives", []):
            lines.append(f"[另附 {mimetype} 版本，{len(content)} 字符]")
        for attachment in message.attachments:
            name = attachment[0] if isinstance(attachment, tuple) else attachment.get_filename()
            lines.append(f"[附件：{name}]")
        lines.append("-" * 79)
        self.stream.write("\n".join(lines) + "\n")
