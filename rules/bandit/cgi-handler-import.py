# ruleid: cgi-handler-import
from wsgiref.handlers import CGIHandler
# ruleid: cgi-handler-import
from twisted.web.twcgi import CGIScript as Script
# ruleid: cgi-handler-import
from wsgiref.handlers import SimpleHandler, CGIHandler
# ok: cgi-handler-import
from wsgiref.handlers import SimpleHandler
# ok: cgi-handler-import
import wsgiref.simple_server
# ok: cgi-handler-import
from wsgiref.handlers import CGIHandler  # nosec B412
# ok: cgi-handler-import
from wsgiref.handlers import CGIHandler  # noqa: S412
