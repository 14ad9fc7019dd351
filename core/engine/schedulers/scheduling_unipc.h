#pragma once
// UniPCMultistepScheduler: a port of diffusers' schedulers/scheduling_unipc_multistep.py (diffusers 0.42.1)
// in the flow-matching configuration the Wan folders save (use_flow_sigmas true, prediction_type
// flow_prediction, flow_shift, solver_order 2, bh2, predict_x0, lower_order_final, final_sigmas_type zero).
// The sigma grid is the one of diffusers >= 0.37: linspace(1, 1/N, n + 1)[:-1], shifted
// s*x / (1 + (s - 1)*x), first sigma lowered by 1e-6 when it is 1, timesteps = int64(sigma * N) (truncated);
// older releases started at shift(0.999) instead.
//
// Implemented: every solver_order >= 1 (UniP predictor + UniC corrector, rhos by linear solve as the
// reference), bh1/bh2, predict_x0 true/false (the latter for epsilon/sample/v_prediction), all four
// prediction types, lower_order_final, disable_corrector, final_sigmas_type zero/sigma_min, shift_terminal,
// dynamic thresholding. Refused with ModelInvalid (the reference needs extra inputs or other tables for
// them, and no published Wan folder uses them): use_flow_sigmas false, use_karras/exponential/beta_sigmas,
// use_dynamic_shifting (needs mu), solver_p. Scalars are 0-d float32 tensors computed with the same torch
// operations as the reference, so steps match it to float rounding.

#include "core/engine/schedulers/flow_scheduler.h"

#include <optional>
#include <string>
#include <vector>

namespace i2v {

struct UniPCSchedulerConfig {
    int numTrainTimesteps = 1000;
    double betaStart = 0.0001;
    double betaEnd = 0.02;
    std::string betaSchedule = "linear";
    int solverOrder = 2;
    std::string predictionType = "epsilon"; // epsilon, sample, v_prediction, flow_prediction
    bool thresholding = false;
    double dynamicThresholdingRatio = 0.995;
    double sampleMaxValue = 1.0;
    bool predictX0 = true;
    std::string solverType = "bh2"; // bh1, bh2 (midpoint/heun/logrho read as bh2, like the reference)
    bool lowerOrderFinal = true;
    std::vector<int> disableCorrector;
    bool useKarrasSigmas = false;
    bool useExponentialSigmas = false;
    bool useBetaSigmas = false;
    bool useFlowSigmas = false;
    double flowShift = 1.0;
    std::string timestepSpacing = "linspace";
    int stepsOffset = 0;
    std::string finalSigmasType = "zero"; // zero, sigma_min
    bool rescaleBetasZeroSnr = false;
    bool useDynamicShifting = false;
    std::optional<double> shiftTerminal;
    bool hasSolverP = false;

    static UniPCSchedulerConfig fromJson(const std::string& jsonText, const std::string& nameForErrors);
    static UniPCSchedulerConfig fromFile(const std::filesystem::path& path);
};

class UniPCMultistepScheduler : public FlowScheduler {
public:
    // Throws I2vError(ModelInvalid) for an unsupported or out-of-range configuration.
    explicit UniPCMultistepScheduler(UniPCSchedulerConfig config, std::string nameForErrors = "scheduler_config.json");

    const UniPCSchedulerConfig& config() const { return m_config; }
    std::string className() const override { return "UniPCMultistepScheduler"; }
    int numTrainTimesteps() const override { return m_config.numTrainTimesteps; }
    void setTimesteps(int numInferenceSteps, std::optional<double> flowShift = std::nullopt) override;
    std::vector<double> timestepValues() const override;
    torch::Tensor timestepTensor(std::size_t index) const override;
    torch::Tensor sigmas() const override { return m_sigmas; }
    const std::vector<std::int64_t>& timesteps() const { return m_timesteps; }
    torch::Tensor step(const torch::Tensor& modelOutput, const torch::Tensor& sample) override;
    int stepIndex() const override { return m_stepIndex; }

private:
    torch::Tensor convertModelOutput(const torch::Tensor& modelOutput, const torch::Tensor& sample) const;
    torch::Tensor predictorUpdate(const torch::Tensor& sample, int order) const;
    torch::Tensor correctorUpdate(const torch::Tensor& thisModelOutput, const torch::Tensor& lastSample,
                                  const torch::Tensor& thisSample, int order) const;
    torch::Tensor thresholdSample(const torch::Tensor& sample) const;

    UniPCSchedulerConfig m_config;
    std::string m_name;
    std::vector<std::int64_t> m_timesteps;
    torch::Tensor m_sigmas; // [n + 1] float32 CPU
    std::vector<torch::Tensor> m_modelOutputs; // solverOrder slots, oldest first (undefined = empty)
    torch::Tensor m_lastSample;
    int m_lowerOrderNums = 0;
    int m_thisOrder = 0;
    int m_stepIndex = 0;
};

} // namespace i2v
