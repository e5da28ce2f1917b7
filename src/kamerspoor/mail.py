"""Sending a watch's news by e-mail over SMTP (smtplib): the settings, and one plain-text message per call.

The settings come from the command line or the environment (``KAMERSPOOR_SMTP_HOST``, ``_PORT``, ``_USER``,
``_PASSWORD``, ``_FROM``, ``_SECURITY``): the password is read from the environment only, so it never shows in
a process list or a shell history. ``security`` is ``starttls`` (port 587, the default), ``ssl`` (port 465) or
``none`` (a relay on this machine, or a test server).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORT = {"starttls": 587, "ssl": 465, "none": 25}
ENV = "KAMERSPOOR_SMTP_"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: ``port`` is the one used (:meth:`from_env` fills in the default of ``security``
    when none is given). The password is left out of the settings' repr, so a log line or a traceback that
    shows them does not show it."""

    host: str
    sender: str
    port: int
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    security: str = "starttls"
    timeout: float = 30.0

    @classmethod
    def from_env(cls, host: str | None = None, port: int | None = None, user: str | None = None,
                 sender: str | None = None, security: str | None = None) -> SmtpSettings | None:
        """The settings given, else from the environment; None without a host. ValueError for a bad value."""
        def env(name: str) -> str | None:
            return os.environ.get(ENV + name) or None

        host = host or env("HOST")
        if not host:
            return None
        security = security or env("SECURITY") or "starttls"
        if security not in SECURITY:
            raise ValueError(f"SMTP security {security!r}: expected one of {', '.join(SECURITY)}")
        port_text = str(port) if port is not None else env("PORT")
        if port_text is not None and not port_text.isdigit():
            raise ValueError(f"SMTP port {port_text!r}: expected a number")
        return cls(host=host, sender=sender or env("FROM") or f"kamerspoor@{host}",
                   port=int(port_text) if port_text is not None else DEFAULT_PORT[security], user=user or env("USER"),
                   password=env("PASSWORD"), security=security)


def send(settings: SmtpSettings, to: str, subject: str, body: str) -> None:
    """Send one plain-text message; smtplib's errors (OSErrors) when the server refuses or cannot be reached."""
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    msg.set_content(body)
    smtp: smtplib.SMTP
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(msg)


def sender_for(settings: SmtpSettings) -> Callable[[str, str, str], None]:
    """A :data:`kamerspoor.watches.Send` over these settings."""
    return lambda to, subject, body: send(settings, to, subject, body)
