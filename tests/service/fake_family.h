#pragma once
// A weight-free fake engine for service tests: solid-colour frames, one progress event per frame,
// behaviour scripted by the test (block at a step, throw an exception, count loads).

#include "core/engine/api/model_family.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

namespace i2v::test {

struct FakeScript {
    std::atomic<int> loads{0};
    std::atomic<int> runs{0};
    // Called after each frame's progress event with the 1-based step (may block or throw).
    std::function<void(int step)> afterStep;
    // Added to every result's details (e.g. the memory mode a real engine reports).
    std::map<std::string, std::string> details;
};

class FakeFamily : public ModelFamily {
public:
    explicit FakeFamily(FakeScript& script) : m_script(script) {}
    std::string id() const override { return "fake"; }
    std::string displayName() const override { return "Fake (tests)"; }
    std::string description() const override { return "solid colour frames"; }
    bool needsWeights() const override { return false; }
    bool probe(const std::string&) const override { return false; }
    std::unique_ptr<Pipeline> load(const std::string& folder, const LoadOptions& options) const override;
    std::vector<ParamSpec> parameters() const override;

private:
    FakeScript& m_script;
};

} // namespace i2v::test
