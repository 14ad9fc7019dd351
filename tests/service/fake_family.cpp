#include "fake_family.h"

namespace i2v::test {
namespace {

class FakePipeline : public Pipeline {
public:
    explicit FakePipeline(FakeScript& script) : m_script(script) {}
    GenerationResult run(const GenerationRequest& request, const ProgressObserver& observer,
                         const CancelToken& cancel) override
    {
        ++m_script.runs;
        GenerationResult result;
        result.fps = request.fps;
        result.family = "fake";
        result.modelId = "fake";
        result.details["colour"] = "ramp";
        for (const auto& [key, value] : m_script.details)
            result.details[key] = value;
        for (int f = 0; f < request.frames; ++f) {
            cancel.throwIfCancelled();
            Image frame(request.width, request.height);
            for (std::size_t i = 0; i < frame.rgb.size(); i += 3) {
                frame.rgb[i] = static_cast<std::uint8_t>(f * 255 / std::max(1, request.frames - 1));
                frame.rgb[i + 1] = 128;
                frame.rgb[i + 2] = 64;
            }
            result.frames.push_back(std::move(frame));
            ProgressEvent e;
            e.stage = Stage::Denoising;
            e.step = f + 1;
            e.total = request.frames;
            observer(e);
            if (m_script.afterStep)
                m_script.afterStep(f + 1);
        }
        return result;
    }

private:
    FakeScript& m_script;
};

ParamSpec intSpec(const char* name, double lo, double hi, double def, double step, int multipleOf = 1)
{
    ParamSpec p;
    p.name = name;
    p.label = name;
    p.kind = ParamKind::Int;
    p.minValue = lo;
    p.maxValue = hi;
    p.defaultValue = def;
    p.step = step;
    p.multipleOf = multipleOf;
    p.multipleReason = multipleOf > 1 ? "the test engine's blocks" : "";
    return p;
}

} // namespace

std::unique_ptr<Pipeline> FakeFamily::load(const std::string&, const LoadOptions&) const
{
    ++m_script.loads;
    return std::make_unique<FakePipeline>(m_script);
}

std::vector<ParamSpec> FakeFamily::parameters() const
{
    // Sizes are multiples of 16 (not the real engines' 8 or 2): validation and the window's form follow it.
    return {intSpec("width", 16, 512, 64, 16, 16), intSpec("height", 16, 512, 48, 16, 16), intSpec("frames", 1, 64, 6, 1),
            intSpec("fps", 1, 60, 8, 1)};
}

} // namespace i2v::test
