def is_admin(user):
    # ruleid: trojan-source-bidi
    access_level = "user‮ ⁦# Check if admin⁩ ⁦"
    # ruleid: trojan-source-bidi
    # ‮}⁦if access_level != "user":⁩⁦# begin admin only
    if access_level != "none":
        return True
    # ok: trojan-source-bidi
    visible = "\u202e escaped, not raw"
    # ok: trojan-source-bidi
    hebrew = "שלום‏ world"
    # ok: trojan-source-bidi
    plain = "nothing to see"
    # ok: trojan-source-bidi
    noted = "‮"  # nosec B613
    return visible, hebrew, plain, noted


def _advised_fix_trojan_source_bidi():
    # fix: trojan-source-bidi
    return "\u2067"
