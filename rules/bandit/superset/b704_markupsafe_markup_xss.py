# Bandit 1.8+ (B704); the installed Bandit may not run it.
from markupsafe import Markup


def render(user, bio):
    # ruleid: markup-dynamic -- Bandit B704
    name = Markup(f"<b>{user.name}</b>")
    # ruleid: markup-dynamic -- Bandit B704
    about = Markup(bio)
    rule = Markup("<hr>")
    return name, about, rule
