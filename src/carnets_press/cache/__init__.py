"""What a build can skip: an output, or a chunk of the PDF, whose inputs have not changed.

    inputs.py   the inputs of a build, listed and hashed once: the one definition both caches key on
    outputs.py  the build cache: an output whose key is unchanged is not built again
    chunks.py   the chunk cache: the chunks `--jobs` laid out, for the chunked layout to take again

Everything lives in OUT/.carnets-cache/ (carnets_press.output names the paths). The cache knows nothing of the
renderers: it hashes files and keeps bytes, and the chunked layout is handed its ChunkCache by the build.
"""

from carnets_press.cache.chunks import ChunkCache
from carnets_press.cache.inputs import BuildInputs
from carnets_press.cache.outputs import CachedOutput, OutputCache

__all__ = ["BuildInputs", "CachedOutput", "ChunkCache", "OutputCache"]
