# ruleid: cleartext-protocol-import -- Bandit B402
import ftplib


def upload(host, user, password, path):
    # ruleid: ftplib-cleartext -- Bandit B321
    ftp = ftplib.FTP(host)
    ftp.login(user, password)
    with open(path, "rb") as f:
        ftp.storbinary("STOR " + path, f)
    # ruleid: ftplib-tls-audit -- Bandit B321
    secure = ftplib.FTP_TLS(host)
    secure.login(user, password)
    secure.prot_p()
    return ftp.quit(), secure
