import ftplib
from ftplib import FTP_TLS


def upload(host, user, password, ctx):
    # ruleid: ftplib-tls-audit
    ftp = ftplib.FTP_TLS(host)
    ftp.login(user, password)
    # ruleid: ftplib-tls-audit
    with FTP_TLS(
        host,
        context=ctx,
    ) as other:
        other.login(user, password)
        other.prot_p()
    # ok: ftplib-tls-audit
    plain = ftplib.FTP(host)
    # ok: ftplib-tls-audit
    quiet = ftplib.FTP_TLS(host)  # nosec B321
    return ftp, plain, quiet


def _advised_fix_ftplib_tls_audit(host, user, password, ctx):
    # fix: ftplib-tls-audit -- hygiene only: the note stays, the advice is followed below
    ftp = ftplib.FTP_TLS(host, context=ctx)
    ftp.login(user, password)
    ftp.prot_p()
    return ftp
