# ruleid: xmlrpc-import
import xmlrpc.client
# ruleid: xmlrpc-import
from xmlrpc.server import SimpleXMLRPCServer
# ruleid: xmlrpc-import
import xmlrpclib
# ruleid: xmlrpc-import
from xmlrpc import client as rpc
# ok: xmlrpc-import
from xmlrpc.client import Fault
# ok: xmlrpc-import
import defusedxml.xmlrpc
# ok: xmlrpc-import
import xmlrpc.client  # nosec B411
# ok: xmlrpc-import
import xmlrpc.client  # noqa: S411


# fix: xmlrpc-import
import defusedxml.xmlrpc  # noqa: E402
