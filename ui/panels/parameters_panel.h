#pragma once
// Parameters panel: the engine/model selector and a form built from the selected family's ParamSpec
// schema (slider + spin box per number, combo per choice, check box per flag), resolution presets with
// free width/height, the seed with lock and randomise, and "Reset to defaults". Every control is limited
// to what the schema allows (ranges, steps, required multiples: core/engine/api/params.h), so an invalid request cannot be
// entered. The panel never switches on a family id.

#include "core/request/generation_request.h"
#include "core/engine/api/params.h"

#include <QHash>
#include <QVariantMap>
#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QFormLayout;
class QSpinBox;
class QToolButton;
class QPushButton;

namespace i2v {
class ModelFamily;
}

namespace i2v {
namespace ui {

class ModelSelector;

class ParametersPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParametersPanel(QWidget* parent = nullptr);

    ModelSelector* modelSelector() const { return m_models; }
    const ModelFamily* family() const { return m_family; }
    // Builds the form from `family`'s schema, keeping the values it shares with the current one (the model
    // selector calls it on every change; a host may show a family of its own). No-op for the current one.
    void setFamily(const ModelFamily* family);
    QString modelFolder() const;
    int promptTokenLimit() const;

    // ParamSpec name -> value (double for numbers, QString for choices, bool for flags).
    QVariantMap values() const;
    // Applies the known keys (unknown keys and out-of-range values are clamped or ignored).
    void setValues(const QVariantMap& values);
    void resetToDefaults();
    // Copies the form into a request (family, model folder, numbers, choices, seed).
    void applyTo(GenerationRequest& request) const;
    // Fills the form from a request (recipe restore).
    void setFromRequest(const GenerationRequest& request);

    // Where and in which precision the engine runs: the request's "device" and "dtype" fields, offered
    // with the choices of the field table (core/request/request_fields.h).
    QString device() const;
    void setDevice(const QString& device); // unknown or invalid values are ignored
    QString dtype() const;
    void setDtype(const QString& dtype);

    qint64 seed() const;
    void setSeed(qint64 seed);
    bool seedLocked() const;
    void setSeedLocked(bool locked);
    // Called at Generate: when the seed is not locked, draws a fresh one. Returns the seed to use.
    qint64 seedForNextRun();
    // The input image's size, for the "Match image" resolution preset (0x0 = none).
    void setImageSize(int width, int height);

signals:
    void familyChanged();
    void valuesChanged();

private:
    struct Field {
        ParamSpec spec;
        std::function<QVariant()> get;
        std::function<void(const QVariant&)> set;
    };
    void rebuildForm();
    void addNumberRow(const ParamSpec& spec);
    void addChoiceRow(const ParamSpec& spec);
    void addBoolRow(const ParamSpec& spec);
    void addResolutionPresets();
    void applyPreset(int index);
    void syncPresetToSize();
    const Field* field(const std::string& name) const;

    ModelSelector* m_models;
    QComboBox* m_device;
    QComboBox* m_dtype;
    QWidget* m_formHost;
    QFormLayout* m_form = nullptr;
    QComboBox* m_presets = nullptr;
    QWidget* m_seedRow; // kept across form rebuilds; always the form's last row
    QSpinBox* m_seed;
    QToolButton* m_seedLock;
    QToolButton* m_seedRandom;
    QPushButton* m_reset;
    const ModelFamily* m_family = nullptr;
    std::vector<Field> m_fields;
    int m_imageWidth = 0;
    int m_imageHeight = 0;
    bool m_updating = false;
};

} // namespace ui
} // namespace i2v
