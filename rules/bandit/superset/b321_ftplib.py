# ruleid: cleartext-protocol-import -- Bandit B402
import ftplib


def upload(host, user, password, path):
    # ruleid: ftplib-cleartext -- Bandit B321
    ftp = ftplib.FTP(host)
    ftp.login(user, password)
    with open(path, "rb") as f:
        ftp.storbinary("STOR " + path, f)
    return ftp.quit()
