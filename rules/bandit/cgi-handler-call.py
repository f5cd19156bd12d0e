import wsgiref.handlers
import wsgiref.simple_server
from twisted.web import static, twcgi


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def serve_cgi():
    # ruleid: cgi-handler-call
    wsgiref.handlers.CGIHandler().run(application)


def serve_twisted(root):
    # ruleid: cgi-handler-call
    root.putChild(b"cgi-bin", twcgi.CGIDirectory("/srv/cgi-bin"))
    # ok: cgi-handler-call
    root.putChild(b"static", static.File("/srv/static"))
    # ok: cgi-handler-call
    wsgiref.handlers.CGIHandler().run(application)  # nosec B412
    # ok: cgi-handler-call
    wsgiref.handlers.CGIHandler().run(application)  # noqa: S412


def _advised_fix_cgi_handler_call():
    # fix: cgi-handler-call
    wsgiref.simple_server.make_server("127.0.0.1", 8000, application).serve_forever()
