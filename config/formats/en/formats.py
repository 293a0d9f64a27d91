"""English dates the way the English texts of the rights table and the map of duties write them
("1 August 2022"), not Django's American default ("Aug. 1, 2022"): one style on a page. Only
what is set here differs from Django's English formats; the same as
`children.access_log.long_day_text`."""

DATE_FORMAT = "j F Y"
