#pragma once
// Test helpers over the request's members: which members two requests share, and a request with every
// table field set to a value that is not its default. The member lists are structured bindings, so adding
// a member to GenerationRequest or OutputSettings stops this header compiling until it is listed here.

#include "core/request/request_fields.h"

#include <string>
#include <vector>

namespace i2v::test {

// Names of the members (output ones as "output.x") whose values are equal in `a` and `b`; the image is
// compared by size and pixels.
inline std::vector<std::string> equalMembers(const GenerationRequest& a, const GenerationRequest& b)
{
    const auto& [image, imagePath, prompt, negativePrompt, family, modelDir, motion, easing, width, height, frames,
                 fps, steps, guidance, strength, flowShift, seed, imageNoiseSeed, decodeChunk, device, dtype,
                 previewEvery, bestOf, scorer, retrySmallerOnOutOfMemory, output] = a;
    const auto& [image2, imagePath2, prompt2, negativePrompt2, family2, modelDir2, motion2, easing2, width2, height2,
                 frames2, fps2, steps2, guidance2, strength2, flowShift2, seed2, imageNoiseSeed2, decodeChunk2, device2,
                 dtype2, previewEvery2, bestOf2, scorer2, retrySmallerOnOutOfMemory2, output2] = b;
    const auto& [format, path, outputDir, framesDir, crf, writeSidecar] = output;
    const auto& [format2, path2, outputDir2, framesDir2, crf2, writeSidecar2] = output2;
    std::vector<std::string> same;
    const auto check = [&](const char* name, bool equal) {
        if (equal)
            same.emplace_back(name);
    };
    check("image", image.width == image2.width && image.height == image2.height && image.rgb == image2.rgb);
    check("imagePath", imagePath == imagePath2);
    check("prompt", prompt == prompt2);
    check("negativePrompt", negativePrompt == negativePrompt2);
    check("family", family == family2);
    check("modelDir", modelDir == modelDir2);
    check("motion", motion == motion2);
    check("easing", easing == easing2);
    check("width", width == width2);
    check("height", height == height2);
    check("frames", frames == frames2);
    check("fps", fps == fps2);
    check("steps", steps == steps2);
    check("guidance", guidance == guidance2);
    check("strength", strength == strength2);
    check("flow_shift", flowShift == flowShift2);
    check("seed", seed == seed2);
    check("imageNoiseSeed", imageNoiseSeed == imageNoiseSeed2);
    check("decodeChunk", decodeChunk == decodeChunk2);
    check("device", device == device2);
    check("dtype", dtype == dtype2);
    check("previewEvery", previewEvery == previewEvery2);
    check("bestOf", bestOf == bestOf2);
    check("scorer", scorer == scorer2);
    check("retrySmallerOnOutOfMemory", retrySmallerOnOutOfMemory == retrySmallerOnOutOfMemory2);
    check("output.format", format == format2);
    check("output.path", path == path2);
    check("output.outputDir", outputDir == outputDir2);
    check("output.framesDir", framesDir == framesDir2);
    check("output.crf", crf == crf2);
    check("output.writeSidecar", writeSidecar == writeSidecar2);
    return same;
}

// Names of the stored table fields (those with a JSON key) whose values differ between `a` and `b`,
// with both values: "width: 512 != 640".
inline std::vector<std::string> differingStoredFields(const GenerationRequest& a, const GenerationRequest& b)
{
    std::vector<std::string> out;
    for (const RequestField& f : requestFields()) {
        if (!f.jsonKey)
            continue;
        const FieldValue va = f.get(a);
        const FieldValue vb = f.get(b);
        if (va != vb)
            out.push_back(std::string(f.name) + ": " + fieldValueText(va) + " != " + fieldValueText(vb));
    }
    return out;
}

inline std::string joined(const std::vector<std::string>& items)
{
    std::string s;
    for (const std::string& i : items)
        s += (s.empty() ? "" : ", ") + i;
    return s;
}

} // namespace i2v::test
