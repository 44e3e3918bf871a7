"""The hello-world Flask app the pages benchmark compares the portal with."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello, World!"
