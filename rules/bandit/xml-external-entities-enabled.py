import xml.sax
from xml.sax.handler import feature_external_ges, feature_namespaces


def make():
    parser = xml.sax.make_parser()
    # ruleid: xml-external-entities-enabled
    parser.setFeature(feature_external_ges, True)
    # ruleid: xml-external-entities-enabled
    parser.setFeature(
        "http://xml.org/sax/features/external-parameter-entities",
        1,
    )
    # ok: xml-external-entities-enabled
    parser.setFeature(feature_external_ges, False)
    # ok: xml-external-entities-enabled
    parser.setFeature(feature_namespaces, True)
    # ok: xml-external-entities-enabled
    parser.setFeature(xml.sax.handler.feature_external_ges, True)  # nosec
    return parser


def _advised_fix_xml_external_entities_enabled(parser):
    import xml.sax.handler

    # fix: xml-external-entities-enabled
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
