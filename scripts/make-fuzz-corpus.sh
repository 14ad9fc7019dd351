#!/usr/bin/env bash
# Makes the seed corpus of every fuzzer in fuzz/corpus/<target>/ (committed; run again to rebuild it).
# Small valid inputs of each format plus a few known-hostile ones (the regression inputs of issue 14
# live beside them as regress-*). Needs python3 and ffmpeg (both in scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
C=fuzz/corpus
mkdir -p $C/{fuzz_safetensors,fuzz_image,fuzz_recipe,fuzz_batch_lines,fuzz_queue,fuzz_templates,fuzz_clip_tokenizer,fuzz_model_config}

python3 - "$C" <<'PY'
import json, struct, sys, os
C = sys.argv[1]
def w(path, data):
    with open(os.path.join(C, path), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())

# safetensors: header length (u64 LE), JSON header, data
def st(header, data):
    h = json.dumps(header, separators=(',', ':')).encode()
    return struct.pack('<Q', len(h)) + h + data
w('fuzz_safetensors/two_tensors', st({"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                                        "b": {"dtype": "F16", "shape": [3], "data_offsets": [16, 22]},
                                        "__metadata__": {"format": "pt"}}, bytes(range(22))))
w('fuzz_safetensors/scalar_bf16', st({"s": {"dtype": "BF16", "shape": [], "data_offsets": [0, 2]}}, b'\x80\x3f'))
w('fuzz_safetensors/empty_tensor', st({"e": {"dtype": "I64", "shape": [0, 4], "data_offsets": [0, 0]}}, b''))
w('fuzz_safetensors/all_dtypes', st({d: {"dtype": d, "shape": [1], "data_offsets": [i * 8, i * 8 + n]}
                                     for i, (d, n) in enumerate([("F64", 8), ("I32", 4), ("I16", 2), ("I8", 1), ("U8", 1), ("BOOL", 1)])},
                                    bytes(48)))
w('fuzz_safetensors/shard_index.json', json.dumps({"metadata": {"total_size": 22},
                                                   "weight_map": {"a": "m-00001-of-00002.safetensors",
                                                                  "b": "m-00002-of-00002.safetensors"}}))
w('fuzz_safetensors/overlap', st({"a": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]},
                                  "b": {"dtype": "U8", "shape": [4], "data_offsets": [2, 6]}}, bytes(6)))

# recipes, batch lines, queue
recipe = {"schema_version": 1, "app": "i2v-studio", "app_version": "0.1.0", "family": "camera-motion",
          "image": {"path": "in.png"}, "prompt": "slow zoom in on a lighthouse", "negative_prompt": "blur",
          "width": 256, "height": 144, "frames": 8, "steps": 4, "guidance": 7.5, "fps": 8, "seed": 42,
          "strength": 0.6, "motion": "zoom-in", "easing": "ease-in-out", "device": "cpu", "dtype": "float32",
          "output": {"format": "mp4", "crf": 20, "path": "clip.mp4", "sidecar": True},
          "model": {"id": "camera-motion", "revision": ""}}
w('fuzz_recipe/full.json', json.dumps(recipe, indent=2))
w('fuzz_recipe/short_keys.json', json.dumps({"image": "a.png", "prompt": "x", "engine": "camera-motion",
                                             "model": "/m", "output": "c.gif", "seed": 4294967295}))
w('fuzz_recipe/bad_types.json', json.dumps({"image": 3, "frames": "many", "seed": -1, "fps": 1e999 if False else 1e300}))
w('fuzz_recipe/unicode.json', json.dumps({"image": "猫.png", "prompt": "一只猫 \u00e9\U0001F600", "device": "cuda:0"}, ensure_ascii=False))
w('fuzz_recipe/regress-deep.json', '{"image":"x.png","x":' + '[' * 200 + ']' * 200 + '}')

lines = [json.dumps({"image": "a.png", "prompt": "pan left", "motion": "pan-left", "frames": 8}),
         "# a comment", "",
         json.dumps({"image": "b.png", "prompt": "zoom", "seed": 7}, indent=2),
         json.dumps({"image": "a.png", "prompt": "pan left", "motion": "pan-left", "frames": 8}),
         '{"image": "c.png", "prompt": "torn',
         "not json at all"]
w('fuzz_batch_lines/mixed.jsonl', "\n".join(lines) + "\n")
w('fuzz_batch_lines/pretty_sidecar.jsonl', json.dumps(recipe, indent=2) + "\n")
w('fuzz_batch_lines/regress-deep.jsonl', '{"image":"x.png","x":' + '[' * 2000 + ']' * 2000 + '}\n')
w('fuzz_batch_lines/regress-open-objects.jsonl', ('{"image": "a.png",\n' * 40) + '}\n')

q = dict(recipe); q.update({"queue_id": "q1", "paused": False})
q2 = {"image": {"path": "/tmp/p.png"}, "prompt": "b", "queue_id": "q2", "paused": True, "running": True}
w('fuzz_queue/queue.jsonl', '# i2v-studio queue {"schema_version":1,"paused":false}\n' +
  json.dumps(q) + "\n" + json.dumps(q2) + "\n")
w('fuzz_queue/torn.jsonl', '# i2v-studio queue {"schema_version":1,"paused":true}\n' + json.dumps(q2) + '\n{"image": {"pa')
w('fuzz_queue/bad_header.jsonl', '# i2v-studio queue {"schema_version":\n' + json.dumps(q2) + '\n\xff\xfe\n')

# templates: version 1 (flat) and 2
w('fuzz_templates/v1.json', json.dumps({"templates": [{"id": "t1", "name": "Walk", "prompt": "a walk",
                                                         "parameters": {"steps": 30, "motion": "pan-left"}}]}))
w('fuzz_templates/v2.json', json.dumps({"schema_version": 2, "templates": [
    {"id": "t2", "name": {"en": "Zoom", "zh_CN": "推近"}, "prompt": {"en": "zoom in"}, "negative_prompt": "x",
     "params": {"guidance": 9.0, "frames": 16}, "choices": {"motion": "zoom-in"}}]}, ensure_ascii=False))
w('fuzz_templates/future.json', json.dumps({"schema_version": 99, "templates": []}))

# tokenizer prompts
for name, text in [("plain", "a photo of a cat sitting on a windowsill at sunset"),
                   ("special", "<|startoftext|>hello<|endoftext|> world<|endoftext|"),
                   ("unicode", "Ｃａｆé naïve 東京タワー 🐱‍👤 \u200b\u0301"),
                   ("punct", "it's   don't!!! ... 12345678901234567890 ''''  \t\n\r"),
                   ("long_word", "a" * 3000)]:
    w(f'fuzz_clip_tokenizer/{name}.txt', text)
w('fuzz_clip_tokenizer/invalid_utf8.txt', b'\xff\xfe\xc3(\xe2\x82 ok \xf0\x9f\x98')
PY

# Model configs: model_index.json, unet, vae, text_encoder, image_encoder configs joined by NUL bytes.
for src in tests/data/i2vgenxl-tiny/model tests/data/i2vgenxl-real-configs; do
  name=$(basename "$src")
  { cat "$src/model_index.json"; printf '\0'; cat "$src/unet/config.json"; printf '\0'; cat "$src/vae/config.json";
    printf '\0'; cat "$src/text_encoder/config.json"; printf '\0'; cat "$src/image_encoder/config.json"; } \
    > "$C/fuzz_model_config/$name"
done
printf '{"_class_name": "I2VGenXLPipeline", "unet": ["diffusers", "I2VGenXLUNet"], "vae": [null, null]}' \
  > "$C/fuzz_model_config/index_only"
printf '[1, 2]\0{}\0{"block_out_channels": []}\0{"hidden_size": 1}\0{"patch_size": 0}' > "$C/fuzz_model_config/regress-empty"

# Images: 16x16 (and one 16x24 with alpha) in every supported format, plus damaged copies.
img=$C/fuzz_image
gen() { ffmpeg -loglevel error -y -f lavfi -i "testsrc=size=$1:rate=1" -frames:v 1 "${@:2}"; }
gen 16x16 "$img/rgb.png"
gen 16x24 -pix_fmt rgba "$img/rgba.png"
gen 16x16 -pix_fmt rgb48be "$img/rgb16.png"
gen 16x16 -pix_fmt gray "$img/gray.png"
gen 16x16 -q:v 5 "$img/rgb.jpg"
gen 16x16 "$img/rgb.webp"
gen 16x16 "$img/rgb.bmp"
gen 16x16 "$img/rgb.tiff"
head -c 200 "$img/rgb.jpg" > "$img/cut.jpg"
printf '\xff\xd8' > "$img/regress-two-bytes.jpg"
python3 - "$img" <<'PY'
import sys, os
d = sys.argv[1]
b = bytearray(open(os.path.join(d, 'rgb.jpg'), 'rb').read())
for i in range(len(b) // 2, len(b) - 2):  # entropy data replaced, markers kept at the ends
    b[i] = (b[i] * 31 + 7) & 0xFF
    if b[i] == 0xFF: b[i] = 0x00
open(os.path.join(d, 'regress-random-after-header.jpg'), 'wb').write(bytes(b))
PY
du -sh $C; find $C -type f | wc -l
