"""Pages for the team around the child. Each view: parse, one access check, one service or
selector, render. One module per subject; `teams/urls.py` names them by module."""
