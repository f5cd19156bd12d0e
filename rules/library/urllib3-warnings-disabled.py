import warnings

import requests
import urllib3
from urllib3.exceptions import InsecureRequestWarning

# ruleid: urllib3-warnings-disabled
urllib3.disable_warnings()
# ruleid: urllib3-warnings-disabled
requests.packages.urllib3.disable_warnings(InsecureRequestWarning)
# ruleid: urllib3-warnings-disabled
warnings.simplefilter("ignore", InsecureRequestWarning)
# ruleid: urllib3-warnings-disabled
warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)
# ok: urllib3-warnings-disabled
urllib3.disable_warnings(urllib3.exceptions.SystemTimeWarning)
# ok: urllib3-warnings-disabled
warnings.filterwarnings("ignore", category=DeprecationWarning)
# ok: urllib3-warnings-disabled
warnings.simplefilter("ignore")


def _advised_fix_urllib3_warnings_disabled(url):
    # fix: urllib3-warnings-disabled
    return requests.get(url, verify="/etc/ssl/certs/internal-ca.pem", timeout=10)
