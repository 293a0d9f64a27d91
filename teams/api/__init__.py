"""The JSON API for teams, one module per subject: `members` (the teams one sees, members,
unit invitations, whom to invite), `work` (the log, meetings, tasks) and `consents` (a team's
consents). The routes are in `config/api_v1.py`."""
