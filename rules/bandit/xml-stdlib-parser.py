import xml.etree.ElementTree as ET
import xml.sax
from xml.dom import minidom
from xml.dom.pulldom import parseString as pull

import defusedxml.ElementTree as DET


def handle(request, path, handler):
    # ruleid: xml-stdlib-parser
    root = ET.fromstring(request.body)
    # ruleid: xml-stdlib-parser
    tree = ET.parse(path)
    # ruleid: xml-stdlib-parser
    minidom.parseString(
        request.body,
    )
    # ruleid: xml-stdlib-parser
    pull(request.body)
    # ruleid: xml-stdlib-parser
    xml.sax.parse(path, handler)
    # ok: xml-stdlib-parser
    DET.fromstring(request.body)
    # ruleid: xml-stdlib-parser -- hygiene: a constant document
    ET.fromstring("<config><debug>false</debug></config>")
    # ok: xml-stdlib-parser
    ET.fromstring(request.body)  # nosec B314
    # ok: xml-stdlib-parser
    minidom.parse(path)  # noqa: S318
    return root, tree


def _advised_fix_xml_stdlib_parser(data):
    from defusedxml.ElementTree import fromstring

    # fix: xml-stdlib-parser
    return fromstring(data)
