from lxml import etree


def handle(request, path):
    # ruleid: lxml-unsafe-parser
    etree.fromstring(request.body)
    # ruleid: lxml-unsafe-parser
    etree.parse(
        path,
    )
    # ruleid: lxml-unsafe-parser
    bad = etree.XMLParser(resolve_entities=True)
    safe = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: lxml-unsafe-parser
    etree.fromstring(request.body, safe)
    # ok: lxml-unsafe-parser
    etree.parse(path, parser=safe)
    # ok: lxml-unsafe-parser
    etree.fromstring("<a/>")
    # ok: lxml-unsafe-parser
    etree.XMLParser(remove_blank_text=True)
    # ok: lxml-unsafe-parser
    etree.fromstring(request.body)  # nosec B320
    return bad


def _advised_fix_lxml_unsafe_parser(data):
    import lxml.etree

    # fix: lxml-unsafe-parser
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return lxml.etree.fromstring(data, parser)
