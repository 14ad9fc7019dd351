#pragma once
// The interface the Wan pipeline drives its schedulers through (flow-matching samplers: UniPC with flow
// sigmas, FlowMatchEulerDiscrete), and the factory that picks one from a scheduler/scheduler_config.json by
// its "_class_name", as diffusers' from_pretrained does.

#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

class FlowScheduler {
public:
    virtual ~FlowScheduler() = default;
    virtual std::string className() const = 0;
    virtual int numTrainTimesteps() const = 0;
    // Chooses the schedule and resets the multistep state. Throws I2vError(InvalidArgument) when steps is
    // outside 1..numTrainTimesteps. `flowShift` overrides the config's shift (flow_shift / shift) when set.
    virtual void setTimesteps(int numInferenceSteps, std::optional<double> flowShift = std::nullopt) = 0;
    // The timesteps as the reference hands them to the model (UniPC: integers, Euler: float32 values).
    virtual std::vector<double> timestepValues() const = 0;
    // Timestep i as the reference's 0-d tensor (int64 for UniPC, float32 for Euler), CPU.
    virtual torch::Tensor timestepTensor(std::size_t index) const = 0;
    virtual torch::Tensor sigmas() const = 0; // [n + 1] float32 CPU
    // One step from the current sample with the model output at the current timestep (the steps must be
    // taken in order after setTimesteps). Returns the next sample (float32 like the reference's latents).
    virtual torch::Tensor step(const torch::Tensor& modelOutput, const torch::Tensor& sample) = 0;
    virtual int stepIndex() const = 0;
};

// Reads scheduler_config.json and builds the scheduler its "_class_name" names (UniPCMultistepScheduler or
// FlowMatchEulerDiscreteScheduler). FileNotFound / ModelInvalid naming the file and key.
std::unique_ptr<FlowScheduler> loadFlowScheduler(const std::filesystem::path& configFile);
// The same from JSON text (`nameForErrors` is used in messages).
std::unique_ptr<FlowScheduler> makeFlowScheduler(const std::string& jsonText, const std::string& nameForErrors);

// numpy.linspace(start, stop, num) in double, element for element (i * step + start, last = stop).
std::vector<double> numpyLinspace(double start, double stop, int num);

} // namespace i2v
