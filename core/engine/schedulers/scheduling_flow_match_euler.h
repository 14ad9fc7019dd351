#pragma once
// FlowMatchEulerDiscreteScheduler: a port of diffusers' schedulers/scheduling_flow_match_euler_discrete.py
// (diffusers 0.42.1). The training table is shifted once at construction (float32, as the reference) and
// the inference sigmas linspace(sigma_max*N, sigma_min*N, n)/N are shifted again in set_timesteps (double,
// then float32) — the reference's double shift, kept. Implemented: shift, shift_terminal, invert_sigmas.
// Refused with ModelInvalid: use_dynamic_shifting (needs mu), karras/exponential/beta sigmas,
// stochastic_sampling (needs a generator per step; no Wan folder uses it).

#include "core/engine/schedulers/flow_scheduler.h"

#include <optional>
#include <string>

namespace i2v {

struct FlowMatchEulerConfig {
    int numTrainTimesteps = 1000;
    double shift = 1.0;
    bool useDynamicShifting = false;
    std::optional<double> shiftTerminal;
    bool useKarrasSigmas = false;
    bool useExponentialSigmas = false;
    bool useBetaSigmas = false;
    bool invertSigmas = false;
    bool stochasticSampling = false;
    std::string timeShiftType = "exponential";

    static FlowMatchEulerConfig fromJson(const std::string& jsonText, const std::string& nameForErrors);
    static FlowMatchEulerConfig fromFile(const std::filesystem::path& path);
};

class FlowMatchEulerDiscreteScheduler : public FlowScheduler {
public:
    explicit FlowMatchEulerDiscreteScheduler(FlowMatchEulerConfig config,
                                             std::string nameForErrors = "scheduler_config.json");
    const FlowMatchEulerConfig& config() const { return m_config; }
    std::string className() const override { return "FlowMatchEulerDiscreteScheduler"; }
    int numTrainTimesteps() const override { return m_config.numTrainTimesteps; }
    void setTimesteps(int numInferenceSteps, std::optional<double> flowShift = std::nullopt) override;
    std::vector<double> timestepValues() const override;
    torch::Tensor timestepTensor(std::size_t index) const override;
    torch::Tensor sigmas() const override { return m_sigmas; }
    torch::Tensor step(const torch::Tensor& modelOutput, const torch::Tensor& sample) override;
    int stepIndex() const override { return m_stepIndex; }

private:
    FlowMatchEulerConfig m_config;
    std::string m_name;
    float m_sigmaMax = 1.0f;
    float m_sigmaMin = 0.0f;
    torch::Tensor m_timesteps; // [n] float32 CPU
    torch::Tensor m_sigmas;    // [n + 1] float32 CPU
    int m_stepIndex = 0;
};

} // namespace i2v
