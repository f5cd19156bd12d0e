# ruleid: ipmi-import
import pyghmi
# ruleid: ipmi-import
from pyghmi.ipmi import command
# ok: ipmi-import
import pyghmix
# ok: ipmi-import
import redfish
# ok: ipmi-import
from pyghmi.ipmi import command  # nosec B415
# ok: ipmi-import
import pyghmi.ipmi.command  # noqa: S415


# fix: ipmi-import
import redfish  # noqa: E402
