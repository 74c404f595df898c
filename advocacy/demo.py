def load(hub: str = "goriska") -> None:
    pass
