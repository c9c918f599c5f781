"""The support domain's types, ports and errors; imports nothing else of madoguchi."""
