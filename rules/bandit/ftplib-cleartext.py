import ftplib
from ftplib import FTP


def upload(host, user, pw):
    # ruleid: ftplib-cleartext
    ftp = ftplib.FTP(host)
    # ruleid: ftplib-cleartext
    with FTP(
        host,
    ) as other:
        other.login(user, pw)
    # ok: ftplib-cleartext
    secure = ftplib.FTP_TLS(host)
    secure.prot_p()
    # ok: ftplib-cleartext
    legacy = ftplib.FTP(host)  # nosec B321
    return ftp, secure, legacy


def _advised_fix_ftplib_cleartext(host, user, pw):
    import ftplib

    # fix: ftplib-cleartext
    ftp = ftplib.FTP_TLS(host)
    ftp.login(user, pw)
    ftp.prot_p()
