#include "core/engine/api/request_fields.h"

#include <cmath>

namespace i2v {

const std::vector<RequestField>& requestFields()
{
    using R = GenerationRequest;
    static const std::vector<RequestField> fields = {
        {"width", &R::width, nullptr, nullptr},
        {"height", &R::height, nullptr, nullptr},
        {"frames", &R::frames, nullptr, nullptr},
        {"fps", &R::fps, nullptr, nullptr},
        {"steps", &R::steps, nullptr, nullptr},
        {"guidance", nullptr, &R::guidance, nullptr},
        {"strength", nullptr, &R::strength, nullptr},
        {"decode_chunk", &R::decodeChunk, nullptr, nullptr},
        {"motion", nullptr, nullptr, &R::motion},
        {"easing", nullptr, nullptr, &R::easing},
    };
    return fields;
}

const RequestField* findRequestField(std::string_view name)
{
    for (const RequestField& f : requestFields())
        if (name == f.name)
            return &f;
    return nullptr;
}

std::optional<double> requestNumber(const GenerationRequest& r, std::string_view name)
{
    const RequestField* f = findRequestField(name);
    if (!f || !f->isNumeric())
        return std::nullopt;
    return f->asInt ? static_cast<double>(r.*(f->asInt)) : r.*(f->asDouble);
}

bool setRequestNumber(GenerationRequest& r, std::string_view name, double value)
{
    const RequestField* f = findRequestField(name);
    if (!f || !f->isNumeric())
        return false;
    if (f->asInt)
        r.*(f->asInt) = static_cast<int>(std::lround(value));
    else
        r.*(f->asDouble) = value;
    return true;
}

std::optional<std::string> requestText(const GenerationRequest& r, std::string_view name)
{
    const RequestField* f = findRequestField(name);
    if (!f || f->isNumeric())
        return std::nullopt;
    return r.*(f->asText);
}

bool setRequestText(GenerationRequest& r, std::string_view name, const std::string& value)
{
    const RequestField* f = findRequestField(name);
    if (!f || f->isNumeric())
        return false;
    r.*(f->asText) = value;
    return true;
}

} // namespace i2v
