"""One folder per outside system; each maps its library's errors into domain.errors."""
