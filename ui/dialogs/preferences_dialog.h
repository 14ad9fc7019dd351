#pragma once
// Preferences: what the machine costs (per GPU-hour, or power draw x electricity price, and the currency
// text), the shared read-only team templates folder, and GPU memory (idle unload time, low-VRAM mode). Reads AppSettings when opened; writes them only
// on OK.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

namespace i2v {
namespace ui {

class AppSettings;

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    PreferencesDialog(AppSettings* settings, QWidget* parent = nullptr);

    // Writes the fields to the settings (what OK does).
    void apply();
    // Fields, for tests.
    QComboBox* costMode() const { return m_mode; }
    QDoubleSpinBox* pricePerHour() const { return m_perHour; }
    QDoubleSpinBox* powerWatts() const { return m_watts; }
    QDoubleSpinBox* pricePerKwh() const { return m_perKwh; }
    QLineEdit* currency() const { return m_currency; }
    QLineEdit* teamFolder() const { return m_team; }
    QSpinBox* idleUnloadMinutes() const { return m_idleUnload; }
    QCheckBox* lowVram() const { return m_lowVram; }
    QLineEdit* scorerModel() const { return m_scorer; }

private:
    void updateExample();

    AppSettings* m_settings;
    QComboBox* m_mode;
    QStackedWidget* m_pages;
    QDoubleSpinBox* m_perHour;
    QDoubleSpinBox* m_watts;
    QDoubleSpinBox* m_perKwh;
    QLineEdit* m_currency;
    QLabel* m_example;
    QLineEdit* m_team;
    QSpinBox* m_idleUnload;
    QCheckBox* m_lowVram;
    QComboBox* m_theme;
    QLineEdit* m_scorer;
};

} // namespace ui
} // namespace i2v
