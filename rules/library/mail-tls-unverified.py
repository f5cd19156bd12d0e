import ftplib
import http.client
import imaplib
import poplib
import smtplib
import ssl
from smtplib import SMTP_SSL


def send(host, user, password, msg):
    server = smtplib.SMTP(host, 587)
    # ruleid: mail-tls-unverified
    server.starttls()
    server.login(user, password)
    server.send_message(msg)


def send_ssl(host):
    # ruleid: mail-tls-unverified
    with SMTP_SSL(host, 465) as s:
        s.noop()


class Mailbox:
    def __init__(self, host):
        self.conn = imaplib.IMAP4(host)

    def secure(self):
        # ruleid: mail-tls-unverified
        self.conn.starttls()


def fetch(host):
    # ruleid: mail-tls-unverified
    imap = imaplib.IMAP4_SSL(host)
    # ruleid: mail-tls-unverified
    pop = poplib.POP3_SSL(host)
    # todoruleid: mail-tls-unverified -- unverified too, left until ftplib-cleartext's fix passes a context
    ftp = ftplib.FTP_TLS(host)
    return imap, pop, ftp


def ok_cases(host):
    ctx = ssl.create_default_context()
    # ok: mail-tls-unverified
    a = smtplib.SMTP_SSL(host, 465, context=ctx)
    # ok: mail-tls-unverified
    b = imaplib.IMAP4_SSL(host, ssl_context=ctx)
    # ok: mail-tls-unverified
    c = ftplib.FTP_TLS(host, context=ctx)
    # ok: mail-tls-unverified
    d = http.client.HTTPSConnection(host)
    return a, b, c, d


async def aio(client):
    # ok: mail-tls-unverified
    await client.starttls(validate_certs=True)


def _advised_fix_mail_tls_unverified(host, user, password):
    server = smtplib.SMTP(host, 587)
    # fix: mail-tls-unverified
    server.starttls(context=ssl.create_default_context())
    server.login(user, password)
