"""The project's own date formats, over Django's for a language (`FORMAT_MODULE_PATH`)."""
