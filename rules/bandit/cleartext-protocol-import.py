# ruleid: cleartext-protocol-import
import telnetlib
# ruleid: cleartext-protocol-import
import ftplib as f
# ruleid: cleartext-protocol-import
from ftplib import FTP
# ruleid: cleartext-protocol-import
from ftplib import FTP, FTP_TLS
# ruleid: cleartext-protocol-import
from telnetlib import Telnet as T
# ruleid: cleartext-protocol-import -- hygiene: Bandit reports it
from ftplib import FTP_TLS
# ruleid: cleartext-protocol-import -- hygiene: Bandit reports it
from ftplib import FTP_TLS, error_perm
# ok: cleartext-protocol-import
import ftplibx
# ok: cleartext-protocol-import
import telnetlib  # nosec B401
# ok: cleartext-protocol-import
from ftplib import FTP  # noqa: S402


# fix: cleartext-protocol-import
import paramiko  # noqa: E402
