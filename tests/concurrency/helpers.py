"""Real threads, each with its own test client and application context (its own session)."""
import threading

from portal.extensions import db


def at_once(app, calls, timeout=60):
    """Run the calls in threads released together; their results, in order.

    An exception in a call is returned as its result, so that the test can assert on it.
    """
    start = threading.Barrier(len(calls), timeout=timeout)
    results = [None] * len(calls)

    def run(index, call):
        with app.app_context():
            try:
                start.wait()
                results[index] = call()
            except Exception as error:  # reported to the test
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    db.session.commit()  # the test's own session holds no lock while the threads run
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    db.session.expire_all()
    return results


def signed_in_client(app, user, password="correct horse battery"):
    client = app.test_client()
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302
    return client
