// The one registration list of model families. It lives beside the model folders, not in the torch-free
// public API (core/engine/api), so the API never names a model. Add a family here (and its folder under
// core/engine/models/, which defines its I2V_HAVE_... when it is built).
#include "core/engine/api/registry.h"

#ifdef I2V_HAVE_CAMERA_MOTION
#include "core/engine/models/camera_motion/camera_motion_family.h"
#endif
#ifdef I2V_HAVE_I2VGEN_XL
#include "core/engine/models/i2vgen_xl/i2vgen_xl_family.h"
#endif
#ifdef I2V_HAVE_WAN
#include "core/engine/models/wan/wan_family.h"
#endif

namespace i2v {

const std::vector<const ModelFamily*>& modelFamilies()
{
    static const std::vector<const ModelFamily*> families = [] {
        std::vector<const ModelFamily*> list;
#ifdef I2V_HAVE_CAMERA_MOTION
        static const CameraMotionFamily cameraMotion;
        list.push_back(&cameraMotion);
#endif
#ifdef I2V_HAVE_I2VGEN_XL
        static const I2VGenXLFamily i2vgenXl;
        list.push_back(&i2vgenXl);
#endif
#ifdef I2V_HAVE_WAN
        static const WanFamily wan21(WanVariant::I2V21);
        static const WanFamily wan22(WanVariant::TI2V22);
        list.push_back(&wan21);
        list.push_back(&wan22);
#endif
        return list;
    }();
    return families;
}

} // namespace i2v
