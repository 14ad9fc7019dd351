#pragma once
// DDIMScheduler: a port of diffusers' schedulers/scheduling_ddim.py (v0.31.0, unchanged up to v0.38.0).
// Pure tensor math: the caller runs the model and hands its output to step(). The alpha tables are
// float32 CPU tensors computed with the same torch operations as the reference, so timesteps and
// alphas_cumprod match it bit for bit and step() matches it to float rounding.
//
// Deviations: none in behaviour. trained_betas (a list in the config) is supported; diffusers' optional
// `variance_noise` argument is replaced by the generator (draws on CPU, like diffusers' randn_tensor with
// a CPU generator, then moved to the sample's device).

#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

// scheduler/scheduler_config.json, with diffusers' defaults for absent keys.
struct DDIMSchedulerConfig {
    int numTrainTimesteps = 1000;
    double betaStart = 0.0001;
    double betaEnd = 0.02;
    std::string betaSchedule = "linear";     // "linear", "scaled_linear", "squaredcos_cap_v2"
    std::vector<double> trainedBetas;         // non-empty overrides betaSchedule
    bool clipSample = true;
    double clipSampleRange = 1.0;
    bool setAlphaToOne = true;
    int stepsOffset = 0;
    std::string predictionType = "epsilon";  // "epsilon", "sample", "v_prediction"
    bool thresholding = false;
    double dynamicThresholdingRatio = 0.995;
    double sampleMaxValue = 1.0;
    std::string timestepSpacing = "leading"; // "leading", "trailing", "linspace"
    bool rescaleBetasZeroSnr = false;

    // Parses a JSON text; throws I2vError(ModelInvalid) naming `nameForErrors` and the bad key.
    static DDIMSchedulerConfig fromJson(const std::string& jsonText, const std::string& nameForErrors);
    // Reads and parses a file; FileNotFound / ModelInvalid.
    static DDIMSchedulerConfig fromFile(const std::filesystem::path& path);
};

struct DDIMStepOutput {
    torch::Tensor prevSample;          // x_{t-1}, same shape/dtype/device as the sample
    torch::Tensor predOriginalSample;  // predicted x_0 (after clipping/thresholding)
};

class DDIMScheduler {
public:
    explicit DDIMScheduler(DDIMSchedulerConfig config); // throws I2vError(ModelInvalid) on bad values

    const DDIMSchedulerConfig& config() const { return m_config; }
    const torch::Tensor& betas() const { return m_betas; }                  // [T] float32 CPU
    const torch::Tensor& alphasCumprod() const { return m_alphasCumprod; }  // [T] float32 CPU
    const torch::Tensor& finalAlphaCumprod() const { return m_finalAlphaCumprod; } // 0-d float32
    double initNoiseSigma() const { return 1.0; }

    // Chooses the inference timesteps. Throws I2vError(InvalidArgument) when steps < 1 or > T.
    void setTimesteps(int numInferenceSteps);
    int numInferenceSteps() const { return m_numInferenceSteps; }
    const std::vector<std::int64_t>& timesteps() const { return m_timesteps; } // descending

    // Identity for DDIM (kept so pipelines read like the reference).
    torch::Tensor scaleModelInput(const torch::Tensor& sample, std::int64_t /*timestep*/) const { return sample; }

    // One DDIM step. modelOutput and sample: [N, ...] with the batch first (thresholding is per item).
    // eta > 0 draws N(0,1) noise with `generator` (a CPU generator; default generator when undefined).
    // Throws I2vError(InvalidArgument) if setTimesteps was not called or the timestep is out of range.
    DDIMStepOutput step(const torch::Tensor& modelOutput, std::int64_t timestep, const torch::Tensor& sample,
                        double eta = 0.0, std::optional<at::Generator> generator = std::nullopt) const;

    // x_t = sqrt(a_t) x_0 + sqrt(1 - a_t) noise, per batch item timestep ([N] int64).
    torch::Tensor addNoise(const torch::Tensor& original, const torch::Tensor& noise,
                           const torch::Tensor& timesteps) const;
    // v = sqrt(a_t) noise - sqrt(1 - a_t) x_0.
    torch::Tensor velocity(const torch::Tensor& sample, const torch::Tensor& noise,
                           const torch::Tensor& timesteps) const;

private:
    torch::Tensor thresholdSample(const torch::Tensor& sample) const;
    torch::Tensor alphaProdPrev(std::int64_t prevTimestep) const;

    DDIMSchedulerConfig m_config;
    torch::Tensor m_betas;
    torch::Tensor m_alphasCumprod;
    torch::Tensor m_finalAlphaCumprod;
    int m_numInferenceSteps = 0;
    std::vector<std::int64_t> m_timesteps;
};

// The model behind the scheduler: predicts the scheduler's model output for `sample` at `timestep`.
using DenoiseModel = std::function<torch::Tensor(const torch::Tensor& sample, std::int64_t timestep)>;
// Called after each step with the 0-based index, the timestep and the step output; may throw (cancel).
using DenoiseStepObserver =
    std::function<void(int index, std::int64_t timestep, const DDIMStepOutput& out)>;

// Runs the whole DDIM loop over scheduler.timesteps() (setTimesteps must have been called):
// sample <- step(model(sample, t), t, sample).prevSample. Returns the final sample.
torch::Tensor ddimSample(const DDIMScheduler& scheduler, torch::Tensor sample, const DenoiseModel& model,
                         double eta = 0.0, std::optional<at::Generator> generator = std::nullopt,
                         const DenoiseStepObserver& observer = {});

} // namespace i2v
