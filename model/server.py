"""HTTP inference server (FastAPI + uvicorn) with a small page for people.

Endpoints: ``POST /v1/extract`` (``{"text"}`` or ``{"texts": [...]}``, optional
``document_date`` and ``threshold``) returns ``to_dict()`` output; ``POST /v1/render``
returns the HTML view; ``GET /health``; ``GET /`` the page; ``/docs`` the OpenAPI UI.
The model runs in a worker thread, one request at a time, so the event loop stays free.

Usage:
    events-serve --checkpoint checkpoints/default --host 127.0.0.1 --port 8000

Example:
    >>> from model.server import create_app
    >>> app = create_app(extractor)      # doctest: +SKIP
"""

import argparse
import os
import threading
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, model_validator

MAX_CHARS = 100_000
MAX_TEXTS = 32


class ExtractRequest(BaseModel):
    text: str | None = Field(None, description="one text")
    texts: list[str] | None = Field(None, description="several texts, answered in the same order")
    document_date: str | None = Field(None, description="ISO date that anchors relative times", pattern=r"^\d{4}-\d{2}-\d{2}")
    threshold: float = Field(0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def one_of_text_or_texts(self):
        if (self.text is None) == (self.texts is None):
            raise ValueError("give exactly one of 'text' or 'texts'")
        return self


class TooLarge(Exception):
    def __init__(self, message: str):
        self.message = message


def _package_version() -> str:
    try:
        return version("conflict-event-extraction")
    except PackageNotFoundError:
        return "unknown"


def create_app(extractor, checkpoint: str = "", max_chars: int = MAX_CHARS, max_texts: int = MAX_TEXTS) -> FastAPI:
    app = FastAPI(title="Conflict event extraction", version=_package_version())
    lock = threading.Lock()

    def run(request: ExtractRequest):
        texts = [request.text] if request.text is not None else request.texts
        if len(texts) > max_texts:
            raise TooLarge(f"{len(texts)} texts in one request; the limit is {max_texts}")
        for index, text in enumerate(texts):
            if len(text) > max_chars:
                raise TooLarge(f"text {index} has {len(text)} characters; the limit is {max_chars}")
        with lock:
            return extractor.predict(texts, threshold=request.threshold, document_date=request.document_date)

    @app.exception_handler(TooLarge)
    async def too_large(_, error: TooLarge):
        return JSONResponse(status_code=413, content={"detail": error.message})

    @app.post("/v1/extract")
    async def extract(request: ExtractRequest):
        results = await run_in_threadpool(run, request)
        if request.text is not None:
            return results[0].to_dict()
        return {"results": [r.to_dict() for r in results]}

    @app.post("/v1/render", response_class=HTMLResponse)
    async def render(request: ExtractRequest):
        results = await run_in_threadpool(run, request)
        return "".join(r.to_html() for r in results)

    @app.get("/health")
    async def health():
        return {"status": "ok", "version": _package_version(), "checkpoint": checkpoint,
                "encoder": extractor.config.encoder_name, "device": str(extractor.device),
                "labels": extractor.config.tag_classes, "limits": {"max_chars": max_chars, "max_texts": max_texts}}

    @app.get("/", response_class=HTMLResponse)
    async def page():
        return PAGE

    return app


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Conflict event extraction</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}textarea{width:100%;height:8em}</style></head>
<body><h1>Conflict event extraction</h1>
<textarea id="text">Ukraine's air force said on Sunday its units had shot down 25 of 31 Shahed drones over the Odesa region.</textarea>
<p>Document date <input id="date" type="date"> <button id="go">Extract</button></p>
<div id="result"></div>
<script>
async function extract(){
  const body={text:document.getElementById('text').value};
  const date=document.getElementById('date').value; if(date) body.document_date=date;
  const r=await fetch('/v1/render',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(body)});
  document.getElementById('result').innerHTML = r.ok ? await r.text() : '<p>Error '+r.status+': '+await r.text()+'</p>';
}
document.getElementById('go').onclick=extract;
if(location.hash==='#run') extract();
</script></body></html>"""


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    from model import CHECKPOINT_ENV, DEFAULT_CHECKPOINT, EventExtractor

    parser = argparse.ArgumentParser(description="Serve the event extractor over HTTP")
    parser.add_argument("--checkpoint", default=os.environ.get(CHECKPOINT_ENV, DEFAULT_CHECKPOINT))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--max-chars", type=int, default=MAX_CHARS)
    parser.add_argument("--max-texts", type=int, default=MAX_TEXTS)
    args = parser.parse_args(argv)
    extractor = EventExtractor.from_pretrained(args.checkpoint, device=args.device)
    uvicorn.run(create_app(extractor, args.checkpoint, args.max_chars, args.max_texts), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
