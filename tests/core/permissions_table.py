ROWS = [
    ("GET", "/", {"*": 200}),
    ("GET", "/about", {"*": 200}),
    ("GET", "/language/{code}", {"*": 302}),
]


def prepare(world):
    return {"code": "ar"}
