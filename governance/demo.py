def load(out, **options):
    pass
