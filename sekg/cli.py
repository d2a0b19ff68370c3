"""The sekg command line."""
def main() -> None:
    pass
