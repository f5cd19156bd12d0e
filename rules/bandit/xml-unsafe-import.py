# ruleid: xml-unsafe-import
import xml.etree.ElementTree as ET
# ruleid: xml-unsafe-import
from xml.etree import cElementTree
# ruleid: xml-unsafe-import
from xml.etree.ElementTree import fromstring, Element
# ruleid: xml-unsafe-import
import xml.sax
# ruleid: xml-unsafe-import
from xml.dom import minidom
# ruleid: xml-unsafe-import
from xml.dom.minidom import parseString
# ruleid: xml-unsafe-import
from xml.dom.pulldom import parse
# ruleid: xml-unsafe-import
import xml.dom.expatbuilder
# ruleid: xml-unsafe-import
from lxml import etree
# ruleid: xml-unsafe-import
import lxml.objectify
# ruleid: xml-unsafe-import -- hygiene: Bandit reports it
from xml.etree.ElementTree import Element, SubElement, tostring
# ruleid: xml-unsafe-import -- hygiene: Bandit reports it
from xml.sax.saxutils import escape, quoteattr
# ruleid: xml-unsafe-import -- hygiene: Bandit reports it
import xml.sax.handler
# ruleid: xml-unsafe-import -- hygiene: Bandit reports it
from xml.dom.minidom import getDOMImplementation
# ruleid: xml-unsafe-import -- hygiene: Bandit reports it
from lxml.html import fromstring as html_fromstring
# ruleid: xml-unsafe-import -- hygiene: Bandit reports it
from lxml.builder import E
# ruleid: xml-unsafe-import -- hygiene: Bandit reports it
from lxml.etree import Element as LxmlElement, tostring as lxml_tostring
# ok: xml-unsafe-import
import defusedxml.ElementTree
# ok: xml-unsafe-import
import xml.etree.ElementTree  # noqa: S405
# ok: xml-unsafe-import
from lxml import etree  # nosec B410


# fix: xml-unsafe-import
from defusedxml.ElementTree import fromstring as safe_fromstring  # noqa: E402
