# Finds every third-party dependency once, and defines the shared torch precompiled header.
# Debian 12 packages by default; an upstream LibTorch 2.x (CUDA) can be given with CMAKE_PREFIX_PATH.

find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)

# LibTorch (skipped by the torch-free parsers-only configuration). Debian's package ships
# TorchConfig.cmake; so does upstream LibTorch.
if(NOT I2V_PARSERS_ONLY)
  find_package(Torch REQUIRED)
  # TorchConfig adds its flags (e.g. -D_GLIBCXX_USE_CXX11_ABI) to TORCH_CXX_FLAGS; they must reach every
  # torch user, and they are harmless for the rest, so they apply project-wide.
  if(TORCH_CXX_FLAGS)
    separate_arguments(_i2v_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
    add_compile_options(${_i2v_torch_flags})
  endif()
  message(STATUS "LibTorch ${Torch_VERSION} from ${Torch_DIR}")
endif()

# Unicode tables for the CLIP tokenizer (categories, NFC, case mapping).
find_package(PkgConfig REQUIRED)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)

if(I2V_BUILD_MEDIA)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs)
  pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswscale libavutil)
endif()

if(I2V_BUILD_GUI OR I2V_BUILD_TESTS)
  set(_qt_components Core Test)
  if(I2V_BUILD_GUI)
    list(APPEND _qt_components Gui Widgets Svg LinguistTools PrintSupport)
  endif()
  find_package(Qt6 6.4 REQUIRED COMPONENTS ${_qt_components})
endif()

if(NOT I2V_PARSERS_ONLY)
  # One precompiled header for every torch user (engine, bench, model tests): torch/torch.h alone costs
  # ~25 s per translation unit on 2 cores without it.
  add_library(i2v_torch_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/torch_pch.cpp)
  target_link_libraries(i2v_torch_pch PUBLIC ${TORCH_LIBRARIES})
  target_precompile_headers(i2v_torch_pch PUBLIC <torch/torch.h>)

  # i2v_use_torch_pch(target): link torch and reuse the shared precompiled header.
  function(i2v_use_torch_pch target)
    target_link_libraries(${target} PRIVATE ${TORCH_LIBRARIES})
    target_precompile_headers(${target} REUSE_FROM i2v_torch_pch)
  endfunction()
endif()
