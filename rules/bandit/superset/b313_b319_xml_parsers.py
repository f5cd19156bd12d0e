# ruleid: xml-unsafe-import -- Bandit B407
import xml.dom.expatbuilder as expatbuilder
# ruleid: xml-unsafe-import -- Bandit B408
import xml.dom.minidom
# ruleid: xml-unsafe-import -- Bandit B409
import xml.dom.pulldom
# ruleid: xml-unsafe-import -- Bandit B405
import xml.etree.ElementTree as ET
# ruleid: xml-unsafe-import -- Bandit B406
import xml.sax
# ruleid: xml-unsafe-import -- Bandit B406
import xml.sax.expatreader
# ruleid: xml-unsafe-import -- Bandit B405
from xml.etree import cElementTree

DEFAULTS = "<settings><debug>false</debug></settings>"


def parse_all(body, path, handler):
    # ruleid: xml-stdlib-parser -- Bandit B313
    a = cElementTree.fromstring(body)
    # ruleid: xml-stdlib-parser -- Bandit B313
    b = cElementTree.parse(path)
    # ruleid: xml-stdlib-parser -- Bandit B314
    c = ET.fromstring(body)
    # ruleid: xml-stdlib-parser -- Bandit B314
    d = ET.parse("config/defaults.xml")
    # ruleid: xml-stdlib-parser -- Bandit B314
    e = ET.iterparse(path)
    # ruleid: xml-stdlib-parser -- Bandit B314
    f = ET.XMLParser()
    # ruleid: xml-stdlib-parser -- Bandit B315
    g = xml.sax.expatreader.create_parser()
    # ruleid: xml-stdlib-parser -- Bandit B316
    h = expatbuilder.parseString(DEFAULTS)
    # ruleid: xml-stdlib-parser -- Bandit B316
    i = expatbuilder.parse(path)
    # ruleid: xml-stdlib-parser -- Bandit B317
    xml.sax.parseString(body, handler)
    # ruleid: xml-stdlib-parser -- Bandit B317
    xml.sax.parse(path, handler)
    # ruleid: xml-stdlib-parser -- Bandit B317
    j = xml.sax.make_parser()
    # ruleid: xml-stdlib-parser -- Bandit B318
    k = xml.dom.minidom.parseString(DEFAULTS)
    # ruleid: xml-stdlib-parser -- Bandit B318
    m = xml.dom.minidom.parse(path)
    # ruleid: xml-stdlib-parser -- Bandit B319
    n = xml.dom.pulldom.parseString(body)
    # ruleid: xml-stdlib-parser -- Bandit B319
    o = xml.dom.pulldom.parse(path)
    return a, b, c, d, e, f, g, h, i, j, k, m, n, o
